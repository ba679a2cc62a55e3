/**
 * Conformance against Pacemaker 2.1.5's scheduler regression suite: each case's Transition
 * Summary compared, as a multiset of actions, with the expected {@code .summary}, per tier.
 */
package io.hablocks.crm.conformance;
