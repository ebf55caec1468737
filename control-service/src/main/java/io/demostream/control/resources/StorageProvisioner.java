package io.demostream.control.resources;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.BucketInfo.IamConfiguration;
import com.google.cloud.storage.BucketInfo.LifecycleRule;
import com.google.cloud.storage.BucketInfo.LifecycleRule.LifecycleAction;
import com.google.cloud.storage.BucketInfo.LifecycleRule.LifecycleCondition;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import io.demostream.control.cloud.StorageProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The Cloud Storage bucket for Dataflow's staging and temp files: uniform bucket-level access (no
 * per-object ACLs) and a lifecycle rule that deletes objects under the temp prefix after the
 * configured age, so abandoned temp files do not accumulate. Rules of others are kept.
 */
class StorageProvisioner implements Provisioner {

  private static final int NOT_FOUND = 404;
  private static final int CONFLICT = 409;

  private final ObjectProvider<Storage> storage;
  private final StorageProperties properties;
  private final TransientFaultRetry retry;

  StorageProvisioner(
      ObjectProvider<Storage> storage, StorageProperties properties, TransientFaultRetry retry) {
    this.storage = storage;
    this.properties = properties;
    this.retry = retry;
  }

  @Override
  public List<ResourceState> ensure() {
    return onBucket(bucket -> ensureBucket(storage.getObject(), bucket));
  }

  @Override
  public List<ResourceState> describe() {
    return onBucket(
        bucket ->
            ResourceState.ofExistence(
                ResourceKind.STORAGE_BUCKET,
                bucket,
                retry.call("get-bucket", () -> storage.getObject().get(bucket)) != null));
  }

  /**
   * Deletes the bucket's objects, then the bucket: Cloud Storage refuses to delete a non-empty one.
   * A bucket that is already gone answers 404 to the listing and is reported missing.
   */
  @Override
  public List<ResourceState> delete() {
    return onBucket(bucket -> deleteBucket(storage.getObject(), bucket));
  }

  @Override
  public List<ResourceState> notApplicable(String reason) {
    String name = properties.hasBucket() ? properties.bucket() : "(demostream.storage.bucket)";
    return List.of(
        new ResourceState(
            ResourceKind.STORAGE_BUCKET, name, ResourceStatus.NOT_APPLICABLE, reason));
  }

  /** Runs one step on the configured bucket, naming the bucket in whatever fault it raises. */
  private List<ResourceState> onBucket(Function<String, ResourceState> step) {
    String bucket = requireBucket();
    return List.of(
        ResourceOperationException.guard(
            ResourceKind.STORAGE_BUCKET, bucket, () -> step.apply(bucket)));
  }

  private ResourceState deleteBucket(Storage client, String bucket) {
    try {
      for (Blob blob : client.list(bucket).iterateAll()) {
        retry.call("delete-object", () -> client.delete(blob.getBlobId()));
      }
    } catch (StorageException e) {
      if (e.getCode() == NOT_FOUND) {
        return bucketState(bucket, ResourceStatus.MISSING);
      }
      throw e;
    }
    boolean deleted = retry.call("delete-bucket", () -> client.delete(bucket));
    return bucketState(bucket, deleted ? ResourceStatus.DELETED : ResourceStatus.MISSING);
  }

  private ResourceState ensureBucket(Storage client, String name) {
    Bucket existing = retry.call("get-bucket", () -> client.get(name));
    if (existing == null) {
      BucketInfo bucket =
          BucketInfo.newBuilder(name)
              .setLocation(properties.location())
              .setIamConfiguration(uniformAccess())
              .setLifecycleRules(List.of(tempRule()))
              .build();
      try {
        retry.call("create-bucket", () -> client.create(bucket));
        return bucketState(name, ResourceStatus.CREATED);
      } catch (StorageException e) {
        if (e.getCode() != CONFLICT) {
          throw e;
        }
        existing = retry.call("get-bucket", () -> client.get(name));
        if (existing == null) {
          // 409 for a bucket we cannot see: the name is taken in another project.
          throw e;
        }
      }
    }
    List<String> differences = new ArrayList<>();
    BucketInfo.Builder update = existing.toBuilder();
    IamConfiguration iam = existing.getIamConfiguration();
    if (iam == null || !Boolean.TRUE.equals(iam.isUniformBucketLevelAccessEnabled())) {
      update.setIamConfiguration(uniformAccess());
      differences.add("uniform bucket-level access");
    }
    List<LifecycleRule> rules =
        existing.getLifecycleRules() == null
            ? List.of()
            : List.copyOf(existing.getLifecycleRules());
    if (!rules.contains(tempRule())) {
      List<LifecycleRule> kept =
          new ArrayList<>(rules.stream().filter(rule -> !isTempRule(rule)).toList());
      kept.add(tempRule());
      update.setLifecycleRules(kept);
      differences.add("lifecycle rule on " + properties.tempPrefix());
    }
    if (differences.isEmpty()) {
      return bucketState(name, ResourceStatus.EXISTED);
    }
    BucketInfo updated = update.build();
    retry.call("update-bucket", () -> client.update(updated));
    return new ResourceState(
        ResourceKind.STORAGE_BUCKET, name, ResourceStatus.UPDATED, String.join(", ", differences));
  }

  private static ResourceState bucketState(String bucket, ResourceStatus status) {
    return ResourceState.of(ResourceKind.STORAGE_BUCKET, bucket, status);
  }

  private static IamConfiguration uniformAccess() {
    return IamConfiguration.newBuilder().setIsUniformBucketLevelAccessEnabled(true).build();
  }

  LifecycleRule tempRule() {
    return new LifecycleRule(
        LifecycleAction.newDeleteAction(),
        LifecycleCondition.newBuilder()
            .setAge(properties.tempRetentionDays())
            .setMatchesPrefix(List.of(properties.tempPrefix()))
            .build());
  }

  /** A delete rule on our temp prefix, whatever its age: replaced rather than duplicated. */
  private boolean isTempRule(LifecycleRule rule) {
    return rule.getAction() != null
        && LifecycleAction.newDeleteAction()
            .getActionType()
            .equals(rule.getAction().getActionType())
        && rule.getCondition() != null
        && List.of(properties.tempPrefix()).equals(rule.getCondition().getMatchesPrefix());
  }

  private String requireBucket() {
    if (!properties.hasBucket()) {
      throw new IllegalStateException(
          "demostream.storage.bucket must be set with demostream.launcher=dataflow");
    }
    return properties.bucket();
  }
}
