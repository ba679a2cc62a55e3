package io.hablocks.vrrp;

/** The states of a VRRP instance, as keepalived names them in logs and notify scripts. */
public enum VrrpState {
  /** Not started, or stopped. */
  INIT,
  /** Listening for the master's adverts; takes over when they stop. */
  BACKUP,
  /** Owns the virtual addresses and sends adverts. */
  MASTER,
  /** A tracked interface, script or file failed: the instance neither sends nor owns addresses. */
  FAULT
}
