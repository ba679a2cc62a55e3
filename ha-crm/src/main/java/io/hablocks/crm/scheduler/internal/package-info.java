/**
 * Implementation of the scheduler (unpacking, rules, scores, assignment, actions, output).
 * Not API.
 */
package io.hablocks.crm.scheduler.internal;
