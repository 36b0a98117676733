// Copy buttons: <button data-copy="ID"> copies the value of the input with that id. The button is
// hidden until this script runs, so a page without JavaScript shows no button that does nothing.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(
        function () {
          if (status) status.textContent = "Copied.";
        },
        function () {
          source.select();
          if (status) status.textContent = "Select the link and copy it (Ctrl+C).";
        }
      );
    });
  });
})();
