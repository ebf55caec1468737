package io.demostream.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The rendered objects of a kustomization: {@code kubectl kustomize DIR} where kubectl is on the
 * path, else the raw documents of the directory's YAML files (patches and components not applied,
 * which is why the overlay tests need kubectl).
 */
final class Manifests {

  static final Path K8S = locate("k8s");
  static final Path REPOSITORY = K8S.getParent();
  static final ObjectMapper YAML = new YAMLMapper();

  private Manifests() {}

  /** The {@code kubectl} binary, if one is installed. */
  static Optional<Path> kubectl() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Renders a kustomization directory with {@code kubectl kustomize}. */
  static List<JsonNode> render(Path kustomization) {
    Path kubectl = kubectl().orElseThrow(() -> new IllegalStateException("kubectl not found"));
    try {
      Process process =
          new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
              .redirectErrorStream(false)
              .start();
      byte[] out = process.getInputStream().readAllBytes();
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + kustomization + " failed: " + err);
      }
      return documents(new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every document of every YAML file in {@code dir} except the kustomization itself. */
  static List<JsonNode> readRaw(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<JsonNode> all = new ArrayList<>();
      files
          .filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .forEach(f -> all.addAll(documents(read(f))));
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> documents(String yaml) {
    try {
      List<JsonNode> docs = new ArrayList<>();
      var parser = new YAMLFactory().createParser(yaml);
      var iterator = YAML.readValues(parser, JsonNode.class);
      while (iterator.hasNext()) {
        JsonNode doc = iterator.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locate(String dir) {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(dir).resolve("base"))) {
        return p.resolve(dir);
      }
      if (p.getFileName() != null
          && p.getFileName().toString().equals(dir)
          && Files.isDirectory(p.resolve("base"))) {
        return p;
      }
    }
    throw new IllegalStateException("Cannot find the k8s/ directory from " + here);
  }
}
