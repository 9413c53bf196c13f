// Highlight-layer toggles on the article page: each checkbox hides one span class.
// No inline script anywhere (the Content-Security-Policy forbids it); nothing is fetched.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    var apply = function () {
      document.body.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    };
    box.addEventListener("change", apply);
    apply();
  });
});
