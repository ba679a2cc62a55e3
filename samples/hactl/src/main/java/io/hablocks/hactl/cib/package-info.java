/**
 * {@code hactl cib}: check, format, diff and patch CIB files with ha-cib, as {@code crm_diff}
 * and {@code cibadmin} do for Pacemaker.
 */
package io.hablocks.hactl.cib;
