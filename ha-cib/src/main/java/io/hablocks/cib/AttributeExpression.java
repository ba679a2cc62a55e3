package io.hablocks.cib;

import java.util.Optional;

/**
 * An {@code <expression>}: compares a node attribute (or a resource parameter or meta attribute,
 * through {@code value-source}) with a value.
 *
 * @param id the {@code id} attribute, if any
 * @param attribute the {@code attribute} attribute
 * @param operation the {@code operation} attribute (lt, gt, lte, gte, eq, ne, defined, not_defined)
 * @param value the {@code value} attribute
 * @param type the {@code type} attribute (string, integer, number, version)
 * @param valueSource the {@code value-source} attribute (literal, param, meta)
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record AttributeExpression(
    Optional<String> id,
    String attribute,
    String operation,
    Optional<String> value,
    Optional<String> type,
    Optional<String> valueSource,
    CibElement element) implements Expression {

  /** Checks components and copies lists (the record is immutable). */
  public AttributeExpression {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(attribute, "attribute");
      java.util.Objects.requireNonNull(operation, "operation");
      java.util.Objects.requireNonNull(value, "value");
      java.util.Objects.requireNonNull(type, "type");
      java.util.Objects.requireNonNull(valueSource, "valueSource");
      java.util.Objects.requireNonNull(element, "element");
  }
}
