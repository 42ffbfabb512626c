/* newscheck desk: submit, live fill-in over the SSE stream, claim panels, reviews.
   The server renders (and escapes) every fetched text; this script only moves HTML the server
   made and sets plain text (textContent) for its own messages. No inline script anywhere. */
"use strict";
(function () {
  var KEY_COOKIE = "newscheck_key";

  function setKey(key) {
    var value = key ? encodeURIComponent(key) : "";
    var expiry = key ? "" : "; Max-Age=0";
    document.cookie = KEY_COOKIE + "=" + value + "; Path=/; SameSite=Strict" + expiry;
  }

  function say(el, text, isError) {
    if (!el) { return; }
    el.textContent = text;
    el.classList.toggle("error", Boolean(isError));
  }

  function problemText(resp) {
    return resp.json().then(function (body) {
      return body.detail || body.title || String(resp.status);
    }, function () { return resp.status + " " + resp.statusText; });
  }

  function sendJson(method, url, body) {
    return fetch(url, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    });
  }

  // ---- API key (only when the API has keys on)
  function keyForms() {
    var form = document.getElementById("key-form");
    if (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        setKey(document.getElementById("api-key").value.trim());
        window.location.reload();
      });
    }
    var forget = document.getElementById("forget-key");
    if (forget) {
      forget.addEventListener("click", function () { setKey(""); window.location.reload(); });
    }
  }

  // ---- the submit form on /
  function submitForm() {
    var form = document.getElementById("submit-form");
    if (!form) { return; }
    var status = document.getElementById("submit-status");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var url = form.elements.url.value.trim();
      var content = form.elements.content.value;
      var body = {};
      if (url && content.trim()) { say(status, "Give a URL or a pasted article, not both.", true); return; }
      if (url) { body.url = url; }
      else if (content.trim()) { body[form.elements.kind.value === "html" ? "html" : "text"] = content; }
      else { say(status, "Give an article URL or paste the article.", true); return; }
      var sources = form.elements.sources.value.split(/\s+/).filter(Boolean);
      if (sources.length) { body.sources = sources; }
      if (form.elements.published.value) { body.published = form.elements.published.value; }
      say(status, "Submitting…", false);
      sendJson("POST", "/v1/articles", body).then(function (resp) {
        if (resp.ok) {
          return resp.json().then(function (accepted) {
            window.location.assign("/articles/" + encodeURIComponent(accepted.id));
          });
        }
        return problemText(resp).then(function (text) { say(status, "Not submitted: " + text, true); });
      }, function () { say(status, "The API could not be reached.", true); });
    });
  }

  // ---- recheck on the article page
  function recheckForm() {
    var form = document.getElementById("recheck-form");
    if (!form) { return; }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var status = form.querySelector(".status");
      var aid = form.getAttribute("data-article");
      var sources = form.elements.sources.value.split(/\s+/).filter(Boolean);
      say(status, "Sending…", false);
      sendJson("POST", "/v1/articles/" + encodeURIComponent(aid) + "/recheck",
               { sources: sources, replace: form.elements.replace.checked }).then(function (resp) {
        if (resp.ok) { window.location.reload(); return; }
        return problemText(resp).then(function (text) { say(status, "Not rechecked: " + text, true); });
      }, function () { say(status, "The API could not be reached.", true); });
    });
  }

  // ---- the article page
  function articlePage() {
    var live = document.getElementById("live");
    if (!live) { return; }
    var aid = live.getAttribute("data-article");
    var pending = null;
    var asked = 0;    // refreshes asked for
    var applied = 0;  // the newest one shown: an older answer arriving late never replaces it

    function openFromHash(moveFocus) {
      var panels = live.querySelectorAll(".panel");
      for (var i = 0; i < panels.length; i++) { panels[i].classList.remove("open"); }
      var id = window.location.hash.slice(1);
      if (id.indexOf("claim-") !== 0) { return; }
      var panel = document.getElementById(id);
      if (!panel) { return; }
      panel.classList.add("open");
      if (moveFocus) {
        var heading = panel.querySelector("h3");
        if (heading) { heading.focus(); }
      }
    }

    function refresh() {
      pending = null;
      var mine = ++asked;
      fetch("/articles/" + encodeURIComponent(aid) + "/live", { credentials: "same-origin" }).then(function (resp) {
        if (!resp.ok) { return; }
        return resp.text().then(function (html) {
          if (mine < applied) { return; }
          applied = mine;
          var kept = unsavedReview();
          var focused = document.activeElement && document.activeElement.id;
          live.innerHTML = html;  // server-rendered, autoescaped HTML of our own origin
          var progress = document.getElementById("progress");
          if (progress) { live.setAttribute("data-status", progress.getAttribute("data-status")); }
          openFromHash(false);
          restoreReview(kept);
          if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
        });
      });
    }

    function soon() {
      if (pending === null) { pending = window.setTimeout(refresh, 250); }
    }

    function unsavedReview() {
      var form = live.querySelector(".panel.open .review-form");
      if (!form) { return null; }
      return { claim: form.getAttribute("data-claim"), label: form.elements.label.value, note: form.elements.note.value };
    }

    function restoreReview(kept) {
      if (!kept) { return; }
      var form = live.querySelector('.review-form[data-claim="' + kept.claim + '"]');
      if (form && form.getAttribute("data-saved") !== "yes") {
        form.elements.label.value = kept.label;
        form.elements.note.value = kept.note;
      }
    }

    live.addEventListener("submit", function (ev) {
      var form = ev.target;
      if (!form.classList || !form.classList.contains("review-form")) { return; }
      ev.preventDefault();
      var status = form.querySelector(".status");
      var cid = form.getAttribute("data-claim");
      say(status, "Saving…", false);
      sendJson("PUT", "/v1/claims/" + encodeURIComponent(cid) + "/review",
               { label: form.elements.label.value, note: form.elements.note.value }).then(function (resp) {
        if (resp.ok) { form.setAttribute("data-saved", "yes"); refresh(); return; }
        return problemText(resp).then(function (text) { say(status, "Not saved: " + text, true); });
      }, function () { say(status, "The API could not be reached.", true); });
    });

    window.addEventListener("hashchange", function () { openFromHash(true); });
    openFromHash(false);

    var finished = ["done", "failed"];
    if (finished.indexOf(live.getAttribute("data-status")) >= 0 || !window.EventSource) { return; }
    var events = new EventSource("/v1/articles/" + encodeURIComponent(aid) + "/events");
    ["queued", "running", "claims", "claim", "review"].forEach(function (type) {
      events.addEventListener(type, soon);
    });
    events.addEventListener("finished", function () { events.close(); soon(); });
    events.addEventListener("error", function () {
      if (events.readyState === EventSource.CLOSED) { soon(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    keyForms();
    submitForm();
    recheckForm();
    articlePage();
  });
}());
