// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Reading guide (阅读辅助线): a band that follows the pointer.
  document.addEventListener("DOMContentLoaded", function () {
    var guide = document.getElementById("reading-guide");
    if (!guide) { return; }
    document.addEventListener("mousemove", function (event) {
      guide.style.top = (event.clientY - guide.offsetHeight / 2) + "px";
    });
    // Applicant type: show the fields that apply (all stay visible without JavaScript).
    var radios = document.querySelectorAll("input[name='applicant_type']");
    function sync() {
      var checked = document.querySelector("input[name='applicant_type']:checked");
      var person = !checked || checked.value === "NP";
      document.querySelectorAll("[data-for='person']").forEach(function (el) { el.hidden = !person; });
      document.querySelectorAll("[data-for='organisation']").forEach(function (el) { el.hidden = person; });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", sync); });
    if (radios.length) { sync(); }
    // A form came back with errors: move to the summary, whose links lead to each field.
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
