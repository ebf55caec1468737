package io.demostream.control.emulator;

import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.pubsub.v1.SubscriptionName;
import io.demostream.control.resources.ResourceService;
import java.util.function.Supplier;

/**
 * Recreates the pipeline's subscription under the same name, the only thing that frees what the
 * emulator holds: neither acknowledging, nor {@code retainAckedMessages=false}, nor a short
 * retention does (measured in docs/BENCHMARKS.md). The subscription is deleted, then {@link
 * ResourceService#ensure()} creates it again with its configured settings. Only safe when nothing
 * is in flight: {@link EmulatorWatch} decides when.
 */
class SubscriptionRecycler {

  private final Supplier<SubscriptionAdminClient> admin;
  private final Supplier<SubscriptionName> subscription;
  private final ResourceService resources;

  SubscriptionRecycler(
      Supplier<SubscriptionAdminClient> admin,
      Supplier<SubscriptionName> subscription,
      ResourceService resources) {
    this.admin = admin;
    this.subscription = subscription;
    this.resources = resources;
  }

  /** Deletes the subscription (gone already is fine) and ensures it again. */
  void recycle() {
    try {
      admin.get().deleteSubscription(subscription.get());
    } catch (NotFoundException gone) {
      // Nothing to free; ensure creates it.
    }
    resources.ensure();
  }

  String subscriptionName() {
    return subscription.get().toString();
  }
}
