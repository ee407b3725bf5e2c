// The API reference: Swagger UI (swagger-ui-dist, vendored by web/build.sh)
// on this server's own OpenAPI document. An external script, so the page's
// CSP needs no inline script; nothing loads from another origin.
window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // No "validator" badge: it would call validator.swagger.io.
  validatorUrl: null,
  tryItOutEnabled: false,
});
