package io.hablocks.cib;

import java.util.Optional;

/**
 * An {@code <op_expression>}: matches an operation by name and interval; used in
 * {@code op_defaults} rules.
 *
 * @param id the {@code id} attribute, if any
 * @param name the {@code name} attribute
 * @param interval the {@code interval} attribute (raw)
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record OpExpression(
    Optional<String> id,
    String name,
    Optional<String> interval,
    CibElement element) implements Expression {

  /** Checks components and copies lists (the record is immutable). */
  public OpExpression {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(name, "name");
      java.util.Objects.requireNonNull(interval, "interval");
      java.util.Objects.requireNonNull(element, "element");
  }
}
