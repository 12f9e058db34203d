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
  NOT_ACCEPTABLE(406, "not_acceptable", "The Accept header does not name a representation this operation can produce"),
  PAYLOAD_TOO_LARGE(413, "payload_too_large", "The request body is larger than this gateway accepts"),
  HEADERS_TOO_LARGE(431, "request_header_fields_too_large", "The request headers are larger than this gateway accepts"),
  BAD_REQUEST(400, "bad_request", "The request could not be understood"),

  // Routing
  ROUTE_NOT_FOUND(404, "route_not_found", "No route matches the requested path"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed", "The requested path does not support this HTTP method"),

  // Backend and gateway failures
  BAD_GATEWAY(502, "bad_gateway", "The backend closed the connection without a complete answer"),
  SERVICE_UNAVAILABLE(503, "service_unavailable", "The service is currently unavailable, please try again later"),
  GATEWAY_TIMEOUT(504, "gateway_timeout", "The backend did not answer in time"),
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
