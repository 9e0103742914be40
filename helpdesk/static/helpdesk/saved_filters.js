/* The changelist's "Filtros salvos" panel, fetched when first opened: the changelist
   itself runs no query for it. */
(function () {
  "use strict";
  document.querySelectorAll("details[data-panel]").forEach(function (details) {
    if (details.dataset.bound) { return; }
    details.dataset.bound = "1";
    details.addEventListener("toggle", function () {
      if (!details.open || details.dataset.loaded) { return; }
      details.dataset.loaded = "1";
      var panel = details.querySelector(".helpdesk-saved-filters-panel");
      fetch(details.dataset.panel, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.text();
        })
        .then(function (html) { panel.innerHTML = html; })
        .catch(function () {
          panel.textContent = "Não foi possível carregar os filtros salvos.";
          delete details.dataset.loaded;
        });
    });
  });
})();
