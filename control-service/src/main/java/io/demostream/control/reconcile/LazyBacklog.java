package io.demostream.control.reconcile;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Creates its backlog on first use: the Cloud Monitoring client needs credentials and a project,
 * which the service must not demand at startup (local runs never read it).
 */
final class LazyBacklog implements SubscriptionBacklog {

  private final Supplier<SubscriptionBacklog> factory;
  private final String source;
  private SubscriptionBacklog backlog;

  LazyBacklog(Supplier<SubscriptionBacklog> factory, String source) {
    this.factory = factory;
    this.source = source;
  }

  @Override
  public synchronized Optional<Reading> read(Query query) {
    if (backlog == null) {
      backlog = factory.get();
    }
    return backlog.read(query);
  }

  @Override
  public String source() {
    return source;
  }
}
