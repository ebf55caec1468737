package io.demostream.control.alerts.notify;

/** Where notifications go: a rule names channels by {@link #name()} in its {@code notify}. */
public interface AlertChannel {

  String name();

  /**
   * Sends one notification, returning when the receiver accepted it.
   *
   * @param json the message as JSON, exactly the bytes sent
   * @throws Exception any failure; the dispatcher retries with backoff
   */
  void send(AlertMessage message, String json) throws Exception;
}
