// Starts Swagger UI on /docs (a file, not inline: the Content-Security-Policy allows no inline script).
window.addEventListener("DOMContentLoaded", function () {
  if (typeof SwaggerUIBundle === "undefined") return;
  SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
