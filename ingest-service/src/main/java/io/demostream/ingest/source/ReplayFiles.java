package io.demostream.ingest.source;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Opens the file of a replay: a local path, or {@code gs://bucket/object} through the Cloud Storage
 * client (created on first use, with Application Default Credentials, so a service that never
 * replays from Cloud Storage never builds one).
 */
public class ReplayFiles {

  static final String GCS_SCHEME = "gs://";

  private final Supplier<Storage> storage;

  public ReplayFiles(Supplier<Storage> storage) {
    this.storage = storage;
  }

  /** True for a {@code gs://} location. */
  public static boolean isCloudStorage(String location) {
    return location.startsWith(GCS_SCHEME);
  }

  /**
   * The bucket and object of a {@code gs://bucket/object} location.
   *
   * @throws IllegalArgumentException when either is missing
   */
  public static BlobId blobId(String location) {
    String rest = location.substring(GCS_SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("must be gs://<bucket>/<object>");
    }
    return BlobId.of(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /**
   * Checks that the file exists and can be read, without reading it.
   *
   * @throws ReplayFileException naming why not
   */
  public void check(String location) {
    if (isCloudStorage(location)) {
      blob(location);
      return;
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw new ReplayFileException("no file at " + location);
    }
    if (!Files.isReadable(path)) {
      throw new ReplayFileException(location + " is not readable");
    }
  }

  /**
   * Opens the file for reading.
   *
   * @throws ReplayFileException when it does not exist or cannot be read
   */
  public InputStream open(String location) {
    check(location);
    if (isCloudStorage(location)) {
      try {
        ReadChannel reader = storage.get().reader(blobId(location));
        return Channels.newInputStream(reader);
      } catch (StorageException e) {
        throw new ReplayFileException("cannot read " + location + " from Cloud Storage", e);
      }
    }
    try {
      return Files.newInputStream(Path.of(location));
    } catch (IOException e) {
      throw new ReplayFileException("cannot read " + location, e);
    }
  }

  private Blob blob(String location) {
    BlobId id;
    try {
      id = blobId(location);
    } catch (IllegalArgumentException e) {
      throw new ReplayFileException(location + ": " + e.getMessage());
    }
    Blob blob;
    try {
      blob = storage.get().get(id);
    } catch (StorageException e) {
      throw new ReplayFileException(
          "cannot reach " + location + " in Cloud Storage (HTTP " + e.getCode() + ")", e);
    } catch (RuntimeException e) {
      // No credentials, no project: the client cannot even be built.
      throw new ReplayFileException("cannot reach " + location + " in Cloud Storage", e);
    }
    if (blob == null) {
      throw new ReplayFileException("no object at " + location);
    }
    return blob;
  }
}
