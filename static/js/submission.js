// The submission form: while the worker types the title and summary, the panel
// "Sáng kiến tương tự đã có" shows the published initiatives most like it, so they can
// stop and reuse one instead of sending a duplicate. Without JavaScript the panel is
// filled when the form comes back with errors.
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  if (!form || !window.fetch) return;
  var panel = document.getElementById("sang-kien-tuong-tu");
  var title = form.querySelector("[name=title]");
  var summary = form.querySelector("[name=summary]");
  var timer = null;
  var last = "";
  var pending = null;

  function refresh() {
    var query = new URLSearchParams({ title: title.value, summary: summary.value });
    var key = query.toString();
    if (key === last) return;
    last = key;
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(form.dataset.similarUrl + "?" + key, {
      headers: { "X-Requested-With": "fetch" },
      signal: pending.signal,
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // The fragment is the site's own escaped markup.
        if (html !== null) panel.innerHTML = html;
      })
      .catch(function () { /* aborted or offline: keep the last suggestions */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  title.addEventListener("input", schedule);
  summary.addEventListener("input", schedule);
  // Back on a form with errors: put the focus on their summary.
  var errors = document.getElementById("loi");
  if (errors) errors.focus();
})();
