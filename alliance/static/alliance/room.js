// The live room: one websocket, the whole state in every snapshot, contributions one by one.
// The countdown runs on the server's clock (offset measured from each snapshot), so every
// participant sees the same second. On a dropped connection it reconnects with back-off,
// and the snapshot the server sends on connect brings it back in sync.
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
  function send(message) {
    message.key = message.key || key();
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    return message.key;
  }
  function status(text) { var s = byId("room-status"); if (s) s.textContent = text; }
  function error(text) {
    var box = byId("room-error");
    if (!box) return;
    box.hidden = !text;
    box.textContent = text || "";
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/sessions/" + sessionId + "/room/");
    socket.onopen = function () { retry = 500; status(t.connected); };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
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
    socket.onclose = function () {
      status(t.reconnecting);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  function render() {
    if (!state) return;
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
      if (w.person === me) { li.className = "me"; position = index + 1; }
      li.appendChild(el("span", {}, (w.name || w.person) + (w.person === me ? " (" + t.you + ")" : "")));
      if (w.point) li.appendChild(el("span", {}, " — " + w.point));
      var asked = new Date(w.requested_ms).toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});
      li.appendChild(el("span", {"class": "why"}, " · " + (w.round === 1 ? fmt(t.round1, {time: asked})
        : fmt(t.round2, {round: w.round, spoken: w.spoken_s}))));
      if (moderator) {
        [["skip", "↓"], ["override", "↑"], ["write", "✎"]].forEach(function (pair) {
          var b = el("button", {"type": "button", "class": "link", "data-action": pair[0], "data-person": w.person,
            "aria-label": pair[0] + " " + (w.name || w.person)}, " " + pair[1]);
          li.appendChild(b);
        });
      }
      queue.appendChild(li);
    });
    var mine = byId("my-position");
    if (mine) mine.textContent = position ? fmt(t.position, {n: position}) : "";
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
    if (!current) { box.textContent = "–:––"; box.className = ""; return; }
    var left = current.ends_at_ms ? (current.ends_at_ms - (Date.now() + offset)) / 1000 : current.left_s;
    box.textContent = (left < 0 ? "+" : "") + clock(Math.abs(left));
    box.className = left < 0 ? "over" : "";
    box.title = left < 0 ? t.over : "";
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
  setInterval(tick, 250);
  // Presence: the server forgets a connection it has not heard of for 75 s.
  setInterval(function () { send({type: "ping"}); }, 30000);
  connect();
})();
