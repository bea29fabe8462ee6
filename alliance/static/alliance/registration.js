// Choosing an organisation suggested from the registry fills the form's fields;
// typing a different name afterwards un-chooses it (a new organisation).
(function () {
  "use strict";
  var form = document.getElementById("registration-form");
  if (!form) return;
  var name = form.querySelector("#id_organisation_name");
  var id = form.querySelector("input[name=organisation_id]");
  var type = form.querySelector("#id_organisation_type");
  var country = form.querySelector("#id_organisation_country");
  var box = document.getElementById("organisation-suggestions");
  box.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-organisation-id]");
    if (!button) return;
    id.value = button.dataset.organisationId;
    name.value = button.dataset.organisationName;
    type.value = button.dataset.organisationType;
    country.value = button.dataset.organisationCountry;
    box.textContent = "";
    name.focus();
  });
  name.addEventListener("input", function () { id.value = ""; });
})();
