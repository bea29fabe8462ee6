// Tell the server the browser's time zone, so times are shown in the viewer's zone
// (alliance/lib/zones.py). A cookie, not a redirect: the next page uses it.
(function () {
  "use strict";
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* old browser: the alliance's zone is used */ }
})();
