// The live room: one websocket, the whole state in every snapshot, contributions one by one.
// The countdown runs on the server's clock (offset measured from each snapshot), so every
// participant sees the same second. On a dropped connection it reconnects with back-off,
// and the snapshot the server sends on connect brings it back in sync.
// Nothing typed is lost: every message stays in an outbox (memory and sessionStorage, so a
// reload keeps it too) until the server acknowledges its key, is shown as waiting, and is
// sent again after a reconnect; the key makes a resend harmless.
(function () {
  "use strict";
  var root = document.getElementById("room");
  if (!root) return;
  var sessionId = root.dataset.session;
  // Translated texts come from data-t-* attributes of the page (Django's catalogs).
  var t = {};
  Object.keys(root.dataset).forEach(function (name) {
    if (/^t[A-Z]/.test(name)) t[name.charAt(1).toLowerCase() + name.slice(2)] = root.dataset[name];
  });
  var me = "";
  var moderator = root.dataset.moderator === "1";
  var scribe = root.dataset.scribe === "1";
  var state = null;
  var offset = 0; // server time − local time, in ms
  var socket = null;
  var retry = 500;
  var lastSpeaker = null;
  var contributions = new Map();
  var byId = function (id) { return document.getElementById(id); };
  // 24-hour times in every language (a European product); the page's language, not the browser's.
  var timeLocale = document.documentElement.lang || undefined;
  var hourCycle = "h23";
  var STORE = "alliance.room." + sessionId + ".outbox";
  var RESEND_MS = 10000;
  var SHOW_AFTER_MS = 1000;
  // key -> {message, since, sentAt}; sentAt 0 = not sent on this socket
  var outbox = new Map();
  try {
    JSON.parse(sessionStorage.getItem(STORE) || "[]").forEach(function (m) {
      if (m && m.key) outbox.set(m.key, {message: m, since: 0, sentAt: 0});
    });
  } catch (e) { /* storage unavailable or corrupt: start empty */ }

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }
  function key() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
  }
  function clock(seconds) {
    var s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  // User text is escaped first; only **key phrases** become bold.
  function rich(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>");
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function keep() {
    try {
      sessionStorage.setItem(STORE, JSON.stringify(Array.from(outbox.values()).map(function (p) { return p.message; })));
    } catch (e) { /* private mode or full: the outbox still lives in memory */ }
    renderPending();
  }
  function send(message) {
    message.key = message.key || key();
    if (message.type !== "ping") {
      outbox.set(message.key, {message: message, since: Date.now(), sentAt: 0});
      keep();
    }
    flush();
    return message.key;
  }
  // Sends what is waiting: not yet sent on this socket, or unanswered for RESEND_MS (a
  // refusal by the per-connection rate limit carries no key). A few at a time, well
  // under the server's limit of 10 messages in 5 s.
  function flush() {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    var now = Date.now();
    var budget = 3;
    outbox.forEach(function (pending) {
      if (budget <= 0 || (pending.sentAt && now - pending.sentAt < RESEND_MS)) return;
      socket.send(JSON.stringify(pending.message));
      pending.sentAt = now;
      budget -= 1;
    });
  }
  function answered(message) {
    if (!message.key || !outbox.has(message.key)) return;
    if (message.type === "error" && message.retry) {
      outbox.get(message.key).sentAt = Date.now(); // refused for now: try again later
      return;
    }
    outbox.delete(message.key);
    keep();
    if (message.type === "ack") {
      var done = byId("outbox-status");
      if (done) done.textContent = t.sent;
    }
  }
  // Only what has waited a while, or cannot go at all, is listed: an answer within a
  // second is the normal case and would only make the live region chatter.
  function renderPending() {
    var list = byId("pending");
    if (!list) return;
    var open = socket && socket.readyState === WebSocket.OPEN;
    var now = Date.now();
    var shown = Array.from(outbox.values()).filter(function (p) { return !open || now - p.since >= SHOW_AFTER_MS; });
    var keys = shown.map(function (p) { return p.message.key; }).join(" ");
    if (list.dataset.keys === keys) return; // unchanged: do not announce it again
    list.dataset.keys = keys;
    list.textContent = "";
    shown.forEach(function (pending) {
      var m = pending.message;
      var li = el("li", {"data-key": m.key});
      li.appendChild(el("span", {"class": "pending-label"}, t.waiting + " "));
      li.appendChild(el("span", {}, m.text || m.point || m.reason || m.kind || m.type));
      list.appendChild(li);
    });
    list.hidden = shown.length === 0;
  }
  function status(text) { var s = byId("room-status"); if (s) s.textContent = text || ""; }
  function error(text) {
    var box = byId("room-error");
    if (!box) return;
    box.hidden = !text;
    box.textContent = text || "";
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/sessions/" + sessionId + "/room/");
    socket.onopen = function () {
      retry = 500;
      status(t.connected);
      outbox.forEach(function (pending) { pending.sentAt = 0; });
      flush();
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "ack" || message.type === "error") answered(message);
      if (message.type === "snapshot") {
        if (message.you) { me = message.you.person; }
        offset = message.server_time_ms - Date.now();
        state = message;
        render();
        if (message.contributions) {
          contributions.clear();
          message.contributions.forEach(function (c) { contributions.set(c.id, c); });
          renderContributions();
        }
      } else if (message.type === "contribution") {
        contributions.set(message.contribution.id, message.contribution);
        renderContributions();
      } else if (message.type === "contributions") {  // several stored within 50 ms
        message.contributions.forEach(function (c) { contributions.set(c.id, c); });
        renderContributions();
      } else if (message.type === "presence") {
        renderPresence(message.present);
      } else if (message.type === "error") {
        error(message.error);
      } else if (message.type === "ack") {
        error("");
      }
    };
    socket.onclose = function (event) {
      renderPending();
      if (event.code === 4403) { status(t.refused); return; } // no right to be here (any more)
      if (event.code === 4429) { status(t.tooMany); retry = 10000; } else { status(t.reconnecting); }
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  // Only what applies now is shown: the floor engine would refuse the rest (floor.py),
  // and a console that offers "Resume" while running or "Open the floor" while open
  // invites the wrong click in a live session.
  function applies(name, mine) {
    if (!state) return false;
    var phase = state.phase;
    var current = state.current;
    var speaking = !!(current && me && current.person === me);
    switch (name) {
      case "start": return phase === "opening";
      case "next": return (phase === "floor" || phase === "paused") && !!(current || state.queue.length);
      case "pause": return phase === "floor";
      case "resume": return phase === "paused";
      case "extend": return !!current && phase !== "closing";
      case "end": return phase !== "closing";
      case "request": return !mine && !speaking;
      case "withdraw": return mine;
      case "yield": return speaking;
    }
    return true;
  }
  function renderControls(mine) {
    var focused = document.activeElement;
    var lost = false;
    Array.prototype.forEach.call(root.querySelectorAll("[data-floor]"), function (button) {
      button.hidden = !applies(button.dataset.floor, mine);
      if (button.hidden && button === focused) lost = true;
    });
    [["request", "request"], ["request-fields", "request"], ["withdraw", "withdraw"], ["yield", "yield"]].forEach(function (pair) {
      var node = byId(pair[0]);
      if (!node) return;
      node.hidden = !applies(pair[1], mine);
      if (node.hidden && node.contains(focused)) lost = true;
    });
    // A control that disappears under the keyboard would drop focus to the page's start.
    if (lost) {
      var next = root.querySelector("#moderator-controls button:not([hidden]), #request-form button:not([hidden])");
      if (next) next.focus();
    }
  }

  function render() {
    if (!state) return;
    root.dataset.phase = state.phase;
    byId("room-phase").textContent = t["phase" + state.phase.charAt(0).toUpperCase() + state.phase.slice(1)] || state.phase;
    var speaker = byId("speaker");
    speaker.textContent = "";
    var current = state.current;
    if (current) {
      var who = current.name || current.person;
      speaker.appendChild(el("p", {}, fmt(t.speaking, {name: who + (current.organisation ? " (" + current.organisation + ")" : "")})));
      if (current.point) speaker.appendChild(el("p", {"class": "small"}, current.point));
      if (lastSpeaker !== current.person + current.round) {
        byId("announcer").textContent = fmt(t.speaking, {name: who});
        lastSpeaker = current.person + current.round;
      }
    } else {
      speaker.appendChild(el("p", {}, t.nobody));
      lastSpeaker = null;
    }
    byId("floor-left").textContent = clock(state.floor_left_s);
    var queue = byId("queue");
    queue.textContent = "";
    var position = 0;
    state.queue.forEach(function (w, index) {
      var li = el("li", {"data-person": w.person});
      if (me && w.person === me) { li.className = "me"; position = index + 1; }
      li.appendChild(el("span", {"class": "who"}, (w.name || w.person) + (me && w.person === me ? " (" + t.you + ")" : "")));
      if (w.point) li.appendChild(el("span", {"class": "point"}, w.point));
      var asked = new Date(w.requested_ms).toLocaleTimeString(timeLocale, {hour: "2-digit", minute: "2-digit", hourCycle: hourCycle});
      li.appendChild(el("span", {"class": "why"}, w.round === 1 ? fmt(t.round1, {time: asked})
        : fmt(t.round2, {round: w.round, spoken: w.spoken_s})));
      if (moderator) {
        var tools = el("span", {"class": "tools"});
        [["skip", "↓"], ["override", "↑"], ["write", "✎"]].forEach(function (pair) {
          var label = fmt(t[pair[0]], {name: w.name || w.person});
          tools.appendChild(el("button", {"type": "button", "class": "secondary", "data-action": pair[0], "data-person": w.person,
            "aria-label": label, "title": label}, pair[1]));
        });
        li.appendChild(tools);
      }
      queue.appendChild(li);
    });
    var mine = byId("my-position");
    if (mine) mine.textContent = position ? fmt(t.position, {n: position}) : "";
    renderControls(position > 0);
    var written = byId("written");
    written.textContent = "";
    state.written.forEach(function (w) {
      written.appendChild(el("li", {}, (w.name || w.person) + (w.point ? " — " + w.point : "") + " (" + w.reason + ")"));
    });
    tick();
  }

  function tick() {
    var box = byId("countdown");
    if (!box || !state) return;
    var current = state.current;
    var bar = byId("turn-progress");
    if (!current) {
      box.textContent = "–:––"; box.className = "";
      if (bar) bar.hidden = true;
      return;
    }
    var left = current.ends_at_ms ? (current.ends_at_ms - (Date.now() + offset)) / 1000 : current.left_s;
    box.textContent = (left < 0 ? "+" : "") + clock(Math.abs(left));
    box.className = left < 0 ? "over" : "";
    box.title = left < 0 ? t.over : "";
    if (bar && current.allotted_s) {
      bar.hidden = false;
      bar.value = Math.min(1, Math.max(0, 1 - left / current.allotted_s));
      bar.className = "turn-progress" + (left < 0 ? " over" : "");
    }
  }

  function renderPresence(people) {
    var list = byId("present");
    if (!list) return;
    list.textContent = "";
    var count = 0;
    people.forEach(function (p) {
      if (p.visitors) {
        count += p.visitors;
        list.appendChild(el("li", {}, fmt(list.dataset.tVisitors, {n: p.visitors})));
      } else {
        count += 1;
        list.appendChild(el("li", {}, p.name || p.person));
      }
    });
    byId("present-count").textContent = String(count);
  }

  function renderContributions() {
    var list = byId("contributions");
    if (!list || list.hidden) return;
    list.textContent = "";
    Array.from(contributions.values()).filter(function (c) { return !c.hidden; })
      .sort(function (a, b) { return a.created_ms - b.created_ms || a.id - b.id; })
      .forEach(function (c) {
        var li = el("li", {"data-kind": c.kind, "id": "contribution-" + c.id});
        var meta = el("p", {"class": "meta"}, c.kind + " · " + c.name + (c.organisation ? " (" + c.organisation + ")" : "")
          + (c.spoken ? " · " + list.dataset.tSpoken : "") + (c.confirmed ? " · " + list.dataset.tConfirmed : ""));
        li.appendChild(meta);
        var body = el("p", {});
        body.innerHTML = rich(c.text);
        li.appendChild(body);
        var own = c.person && c.person === me;
        if (own && (c.spoken || Date.now() + offset - c.created_ms < 5 * 60 * 1000) || scribe) {
          li.appendChild(el("button", {"type": "button", "class": "link", "data-edit": c.id}, list.dataset.tEdit));
        }
        if (own && c.spoken && !c.confirmed) {
          li.appendChild(el("button", {"type": "button", "class": "link", "data-confirm": c.id}, " " + list.dataset.tConfirm));
        }
        if (moderator) {
          li.appendChild(el("button", {"type": "button", "class": "link", "data-hide": c.id}, " " + list.dataset.tHide));
        }
        list.appendChild(li);
      });
  }

  root.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) return;
    if (target.dataset.floor) {
      var message = {type: "floor", kind: target.dataset.floor};
      if (target.dataset.seconds) message.seconds = Number(target.dataset.seconds);
      send(message);
    } else if (target.dataset.action) {
      var kind = target.dataset.action;
      var m = {type: "floor", kind: kind, person: target.dataset.person};
      if (kind !== "skip") {
        var reason = window.prompt(t.reason);
        if (!reason) return;
        m.reason = reason;
      }
      if (kind === "override") m.position = 0;
      send(m);
    } else if (target.dataset.edit) {
      var c = contributions.get(Number(target.dataset.edit));
      var text = window.prompt("", c ? c.text : "");
      if (text) send({type: "edit", id: Number(target.dataset.edit), text: text});
    } else if (target.dataset.confirm) {
      send({type: "confirm", id: Number(target.dataset.confirm)});
    } else if (target.dataset.hide) {
      var why = window.prompt(t.reason);
      if (why) send({type: "hide", id: Number(target.dataset.hide), reason: why});
    } else if (target.id === "withdraw") {
      send({type: "floor", kind: "withdraw"});
    } else if (target.id === "yield") {
      send({type: "floor", kind: "yield"});
    }
  });
  var requestForm = byId("request-form");
  if (requestForm) {
    requestForm.addEventListener("submit", function (event) {
      event.preventDefault();
      send({type: "floor", kind: "request", point: byId("request-point").value});
    });
  }
  var shareForm = byId("share-form");
  if (shareForm) {
    shareForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = byId("share-text").value.trim();
      if (!text) return;
      var capture = byId("share-capture") && byId("share-capture").checked;
      var message = {type: capture ? "capture" : "share", kind: byId("share-kind").value,
        ecosystem: byId("share-ecosystem").value, text: text};
      if (capture) {
        if (!state || !state.current) return;
        message.person = state.current.person;
      }
      send(message);
      byId("share-text").value = "";
    });
  }
  renderControls(false);
  setInterval(tick, 250);
  setInterval(function () { flush(); renderPending(); }, 1000);
  renderPending();
  // Presence: the server forgets a connection it has not heard of for 75 s.
  setInterval(function () { send({type: "ping"}); }, 30000);
  connect();
})();
