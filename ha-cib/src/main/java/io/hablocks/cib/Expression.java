package io.hablocks.cib;

/**
 * One condition inside a {@link Rule}: a nested rule, an attribute comparison, a date condition,
 * or a resource/operation match. Evaluate with {@link RuleEvaluator}.
 */
public sealed interface Expression
    permits Rule, AttributeExpression, DateExpression, RscExpression, OpExpression {

  /** @return the XML element the expression was read from */
  CibElement element();
}
