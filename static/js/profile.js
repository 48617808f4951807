/* Profile page: a "Copy" button for the API token (shown only when the clipboard works). */
(function () {
  "use strict";
  var button = document.getElementById("copy-token");
  if (!button || !navigator.clipboard || !window.isSecureContext) return;
  var input = document.getElementById(button.getAttribute("data-copy-target"));
  if (!input) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(input.value).then(function () {
      button.textContent = "Copied!";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    }, function () {
      input.select();
    });
  });
})();
