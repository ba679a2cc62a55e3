package io.hablocks.haproxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** HAProxy's built-in error responses (status line, headers and HTML body as 2.6 sends them). */
final class HttpErrors {

  private HttpErrors() {}

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Time-out";
      case 410 -> "Gone";
      case 413 -> "Payload Too Large";
      case 425 -> "Too Early";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Time-out";
      default -> "Unknown";
    };
  }

  static String message(int status) {
    return switch (status) {
      case 400 -> "Your browser sent an invalid request.";
      case 401 -> "You need a valid user and password to access this content.";
      case 403 -> "Request forbidden by administrative rules.";
      case 404 -> "The resource could not be found.";
      case 405 -> "A request was made of a resource using a request method not supported by that resource";
      case 408 -> "Your browser didn't send a complete request in time.";
      case 410 -> "The resource is no longer available and will not be available again.";
      case 413 -> "The request entity exceeds the maximum allowed.";
      case 425 -> "Your browser sent early data.";
      case 429 -> "You sent too many requests in a given amount of time.";
      case 500 -> "An internal server error occurred.";
      case 501 -> "The server does not support the functionality required to fulfill the request.";
      case 502 -> "The server returned an invalid or incomplete response.";
      case 503 -> "No server is available to handle this request.";
      case 504 -> "The server didn't respond in time.";
      default -> "";
    };
  }

  /** @return the whole response, ending with connection: close */
  static ByteBuf response(int status) {
    String body = "<html><body><h1>" + status + " " + reason(status) + "</h1>\n" + message(status)
        + "\n</body></html>\n";
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
        + "content-length: " + body.length() + "\r\n"
        + "cache-control: no-cache\r\n"
        + "content-type: text/html\r\n"
        + "connection: close\r\n\r\n";
    return Unpooled.copiedBuffer(head + body, StandardCharsets.ISO_8859_1);
  }
}
