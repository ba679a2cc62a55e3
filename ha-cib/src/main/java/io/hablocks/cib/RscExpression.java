package io.hablocks.cib;

import java.util.Optional;

/**
 * An {@code <rsc_expression>}: matches a resource's agent (class, provider, type); used in
 * {@code rsc_defaults} and {@code op_defaults} rules.
 *
 * @param id the {@code id} attribute, if any
 * @param standard the {@code class} attribute
 * @param provider the {@code provider} attribute
 * @param type the {@code type} attribute
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record RscExpression(
    Optional<String> id,
    Optional<String> standard,
    Optional<String> provider,
    Optional<String> type,
    CibElement element) implements Expression {

  /** Checks components and copies lists (the record is immutable). */
  public RscExpression {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(standard, "standard");
      java.util.Objects.requireNonNull(provider, "provider");
      java.util.Objects.requireNonNull(type, "type");
      java.util.Objects.requireNonNull(element, "element");
  }
}
