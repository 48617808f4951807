/* Provider account form: the placeholders follow the chosen provider, so a blank field says what it will mean. */
(function () {
  "use strict";
  var select = document.getElementById("id_provider");
  var data = document.getElementById("provider-placeholders");
  if (!select || !data) return;
  var byProvider = JSON.parse(data.textContent);
  var names = ["api_key", "base_url", "text_model", "image_model"];

  function show() {
    var placeholders = byProvider[select.value] || {};
    names.forEach(function (name) {
      var input = document.getElementById("id_" + name);
      if (input) input.placeholder = placeholders[name] || "";
    });
  }

  select.addEventListener("change", show);
  show();
})();
