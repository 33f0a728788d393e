// Progress of long work (build, release, compare): ask the server every second, show its steps,
// and reload the page when the job is done. The page works without this script (a Vernieuwen link).
"use strict";
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var job = document.getElementById("taak");
  if (!job || job.dataset.finished === "ja") {
    return;
  }
  var state = document.getElementById("taak-stand");
  var steps = document.getElementById("taak-stappen");
  function poll() {
    fetch(job.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.finished) {
          window.location.reload();
          return;
        }
        state.querySelector("strong").textContent = status.state;
        while (steps.children.length < status.messages.length) {
          var item = document.createElement("li");
          item.textContent = status.messages[steps.children.length];
          steps.appendChild(item);
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
});

// Aanbieden: choosing another version fills the letter's fields with that version's texts (its last letter's,
// else plan.yaml's), as the server would take them. Without this script the first version's texts stand.
document.addEventListener("DOMContentLoaded", function () {
  var version = document.getElementById("aanbied-versie");
  if (!version) {
    return;
  }
  version.addEventListener("change", function () {
    var texts = version.options[version.selectedIndex].dataset;
    ["aan", "van", "contactpersoon", "kenmerk_raad"].forEach(function (name) {
      document.getElementById(name).value = texts[name] || "";
    });
  });
});
