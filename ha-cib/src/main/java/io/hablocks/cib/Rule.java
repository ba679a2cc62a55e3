package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A {@code <rule>}: expressions combined with {@code boolean-op} ("and" by default, or "or").
 * A rule is itself an {@link Expression} (rules nest). A rule with an {@code id-ref} stands for the
 * rule of that id ({@link Cib#resolveRule}).
 *
 * @param id the {@code id} attribute, if any
 * @param idRef the {@code id-ref} attribute: this element refers to another of the same kind
 * @param score the {@code score} attribute (raw; location rules)
 * @param scoreAttribute the {@code score-attribute} attribute
 * @param booleanOp the {@code boolean-op} attribute, {@code "and"} when absent
 * @param role the {@code role} attribute
 * @param expressions the expression children, in document order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Rule(
    Optional<String> id,
    Optional<String> idRef,
    Optional<String> score,
    Optional<String> scoreAttribute,
    String booleanOp,
    Optional<String> role,
    List<Expression> expressions,
    CibElement element) implements Expression {

  /** Checks components and copies lists (the record is immutable). */
  public Rule {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(idRef, "idRef");
      java.util.Objects.requireNonNull(score, "score");
      java.util.Objects.requireNonNull(scoreAttribute, "scoreAttribute");
      java.util.Objects.requireNonNull(booleanOp, "booleanOp");
      java.util.Objects.requireNonNull(role, "role");
      expressions = List.copyOf(expressions);
      java.util.Objects.requireNonNull(element, "element");
  }
}
