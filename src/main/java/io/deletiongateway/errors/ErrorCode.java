package io.deletiongateway.errors;

/**
 * The one catalogue of every error the gateway emits: HTTP status, stable code, description.
 * Descriptions of the Katapult codes are the real API's, verbatim, so existing clients keep matching them.
 */
public enum ErrorCode {
  // Request shape and contract
  MISSING_REQUIRED_ARGUMENT(400, "missing_required_argument", "A required argument was not provided"),
  INVALID_ARGUMENT(400, "invalid_argument", "An argument provided was not valid"),
  MALFORMED_REQUEST_BODY(400, "malformed_request_body", "The request body could not be parsed"),
  UNSUPPORTED_CONTENT_TYPE(400, "unsupported_content_type", "The request body's content type is not accepted by this operation"),
  UNSUPPORTED_CONTENT_ENCODING(415, "unsupported_content_encoding", "The request body's content coding is not accepted: send it uncompressed"),
  NOT_ACCEPTABLE(406, "not_acceptable", "The Accept header does not name a representation this operation can produce"),
  PAYLOAD_TOO_LARGE(413, "payload_too_large", "The request body is larger than this gateway accepts"),
  HEADERS_TOO_LARGE(431, "request_header_fields_too_large", "The request headers are larger than this gateway accepts"),
  BAD_REQUEST(400, "bad_request", "The request could not be understood"),
  AMBIGUOUS_PATH(400, "ambiguous_path", "The request path is not in canonical form"),
  URI_TOO_LONG(414, "uri_too_long", "The request line is longer than this gateway accepts"),
  EXPECTATION_FAILED(417, "expectation_failed", "The Expect header asks for something other than 100-continue"),
  REQUEST_TIMEOUT(408, "request_timeout", "The request was not received in time"),

  // Authentication and authorization (descriptions are the Katapult API's, verbatim)
  MISSING_API_TOKEN(400, "missing_api_token",
    "No API token was provided in the Authorization header. Ensure a token is provided prefixed with Bearer"),
  DUPLICATE_HEADER(400, "duplicate_header", "A header that must appear at most once was sent more than once"),
  CREDENTIAL_IN_QUERY(400, "credential_in_query",
    "Credentials are accepted only in the Authorization header, never in the query string"),
  INVALID_API_TOKEN(403, "invalid_api_token", "The API token provided was not valid (it may not exist or have expired)"),
  INVALID_CAPABILITIES_TOKEN(403, "invalid_capabilities_token",
    "The capabilities token provided was not valid (either not valid, expired or not signed by the correct key)"),
  UNAUTHORIZED_NETWORK(403, "unauthorized_network_for_api_token", "Network is not allowed to access the API with this API token"),
  SCOPE_NOT_GRANTED(403, "scope_not_granted", "The scope required for this endpoint has not been granted to the authenticating identity"),
  PERMISSION_DENIED(403, "permission_denied", "The authenticated identity is not permitted to perform this action"),
  ORGANIZATION_NOT_FOUND(404, "organization_not_found", "No organization was found matching any of the criteria provided in the arguments"),
  ORGANIZATION_SUSPENDED(403, "organization_suspended", "An organization was found from the arguments provided but it was suspended"),
  ORGANIZATION_NOT_ACTIVATED(403, "organization_not_activated", "An organization was found from the arguments provided but it wasn't activated yet"),

  // Limits
  RATE_LIMIT_REACHED(429, "rate_limit_reached", "You have reached the rate limit for this type of request"),

  // Deletion safety
  DELETION_IN_PROGRESS(409, "deletion_in_progress", "Another deletion of the same target is in progress; retry once it has finished"),
  IDEMPOTENCY_KEY_IN_USE(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still being processed; retry later"),
  IDEMPOTENCY_KEY_REUSED(422, "idempotency_key_reused", "This Idempotency-Key was used for a different request"),
  MISSING_IDEMPOTENCY_KEY(400, "missing_idempotency_key", "This operation requires an Idempotency-Key header"),
  INVALID_IDEMPOTENCY_KEY(400, "invalid_idempotency_key", "The Idempotency-Key header is not a string of 1 to 255 visible characters"),

  // Routing
  ROUTE_NOT_FOUND(404, "route_not_found", "No route matches the requested path"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed", "The requested path does not support this HTTP method"),

  // Backend and gateway failures
  BAD_GATEWAY(502, "bad_gateway", "The backend closed the connection without a complete answer"),
  SERVICE_UNAVAILABLE(503, "service_unavailable", "The service is currently unavailable, please try again later"),
  GATEWAY_TIMEOUT(504, "gateway_timeout", "The backend did not answer in time"),
  HTTP_VERSION_NOT_SUPPORTED(505, "http_version_not_supported", "The request's HTTP version is not one this gateway speaks"),
  NOT_IMPLEMENTED(501, "not_implemented", "The request uses an HTTP feature this gateway does not implement"),
  INTERNAL_ERROR(500, "internal_error", "The gateway failed to process the request");

  private final int status;
  private final String code;
  private final String description;

  ErrorCode(int status, String code, String description) {
    this.status = status;
    this.code = code;
    this.description = description;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String description() {
    return description;
  }
}
