/* Provider account form: placeholders and help lines follow the chosen provider, so a blank field says what it means. */
(function () {
  "use strict";
  var select = document.getElementById("id_provider");
  var data = document.getElementById("provider-placeholders");
  if (!select || !data) return;
  var byProvider = JSON.parse(data.textContent);
  var helpData = document.getElementById("provider-help");
  var helpByProvider = helpData ? JSON.parse(helpData.textContent) : {};
  var names = ["api_key", "base_url", "text_model", "image_model"];

  function show() {
    var placeholders = byProvider[select.value] || {};
    var lines = helpByProvider[select.value] || helpByProvider[""] || {};
    names.forEach(function (name) {
      var input = document.getElementById("id_" + name);
      if (input) input.placeholder = placeholders[name] || "";
      var help = document.getElementById("id_" + name + "_helptext");
      if (help && lines[name]) help.textContent = lines[name];
    });
  }

  select.addEventListener("change", show);
  show();
})();
