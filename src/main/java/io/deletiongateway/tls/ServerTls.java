package io.deletiongateway.tls;

import io.deletiongateway.config.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.X509KeyManager;

/**
 * The TLS listeners' certificates, process-lifetime: loaded from PEM files, checked (every key parses and matches
 * its certificate), and swapped into every TLS listener when the files change or the config names others
 * ({@link HttpServer#updateSSLOptions}: established connections keep the old ones). A broken new pair is refused
 * with a logged reason and counted; the old one keeps serving. TLS 1.2 and 1.3 only, AEAD ciphers with forward
 * secrecy, HTTP/2 by ALPN.
 */
public final class ServerTls {
  private static final System.Logger LOG = System.getLogger("deletion-gateway");
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
  static final List<String> CIPHERS = List.of(
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private final Vertx vertx;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  /** What was loaded, and a digest of everything it was loaded from (files and settings), to tell a change. */
  private record Loaded(ServerSSLOptions options, String fingerprint) {
  }

  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder applied = new LongAdder();
  /** The last refusal's reason: a broken file is logged and counted once, not at every poll. */
  private final AtomicReference<String> lastRejection = new AtomicReference<>("");
  private volatile Optional<TlsConfig> config = Optional.empty();
  private long watch = -1;

  public ServerTls(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Loads {@code tls} for the first listeners: a broken pair here fails the start. */
  public Future<ServerSSLOptions> start(TlsConfig tls, long pollMillis, long handshakeTimeoutMillis) {
    config = Optional.of(tls);
    return load(tls, handshakeTimeoutMillis, null).onSuccess(loaded -> {
      current.set(loaded);
      if (pollMillis > 0) {  // 0: only on SIGHUP and reloads, as for the config file
        watch = vertx.setPeriodic(pollMillis, id -> refresh());
      }
    }).map(Loaded::options);
  }

  public void register(HttpServer server) {
    servers.add(server);
  }

  /** The config's TLS settings changed (a reload): the next refresh loads them. */
  public void configure(Optional<TlsConfig> next) {
    if (next.isPresent() && config.isPresent()) {
      config = next;
      refresh();
    }
  }

  /** Re-reads the files (SIGHUP, a reload, the poll): swapped in when they differ and are sound, else refused. */
  public Future<Boolean> refresh() {
    Optional<TlsConfig> tls = config;
    Loaded before = current.get();
    if (tls.isEmpty() || before == null) {
      return Future.succeededFuture(false);
    }
    return load(tls.get(), before.options().getSslHandshakeTimeout(), before.fingerprint()).compose(loaded -> {
      if (loaded == null) {
        return Future.succeededFuture(false);  // the same files: nothing parsed, nothing to swap
      }
      current.set(loaded);
      ServerSSLOptions options = loaded.options();
      applied.increment();
      LOG.log(System.Logger.Level.INFO, "TLS certificates changed: new connections get the new ones");
      return Future.all(servers.stream().map(s -> s.updateSSLOptions(options)).toList()).map(true);
    }, failure -> {
      if (!failure.getMessage().equals(lastRejection.getAndSet(failure.getMessage()))) {
        rejected.increment();
        LOG.log(System.Logger.Level.ERROR, "TLS certificates refused, the current ones keep serving: " + failure.getMessage());
      }
      return Future.succeededFuture(false);
    }).onSuccess(changed -> {
      if (changed) {
        lastRejection.set("");
      }
    });
  }

  /** A listener's options with TLS as loaded: the same settings a later {@link #refresh} swaps in. */
  public static io.vertx.core.http.HttpServerOptions apply(io.vertx.core.http.HttpServerOptions options, ServerSSLOptions ssl) {
    options.setSsl(true)
      .setKeyCertOptions(ssl.getKeyCertOptions())
      .setClientAuth(ssl.getClientAuth())
      .setSni(ssl.isSni())
      .setUseAlpn(true)
      .setEnabledSecureTransportProtocols(PROTOCOLS)
      .setSslHandshakeTimeout(ssl.getSslHandshakeTimeout())
      .setSslHandshakeTimeoutUnit(ssl.getSslHandshakeTimeoutUnit());
    if (ssl.getTrustOptions() != null) {
      options.setTrustOptions(ssl.getTrustOptions());
    }
    CIPHERS.forEach(options::addEnabledCipherSuite);
    return options;
  }

  /** New certificates refused since start (a broken or mismatched pair). */
  public long rejected() {
    return rejected.sum();
  }

  /** New certificates swapped in since start. */
  public long applied() {
    return applied.sum();
  }

  public void close() {
    if (watch >= 0) {
      vertx.cancelTimer(watch);
    }
  }

  /**
   * Reads and checks the files on a worker thread (file I/O never on the event loop). Null when they are what
   * {@code unchangedFingerprint} says: a poll that finds the same files costs a read and a hash, not a key store
   * build and a signature.
   */
  private Future<Loaded> load(TlsConfig tls, long handshakeTimeoutMillis, String unchangedFingerprint) {
    return vertx.executeBlocking(() -> {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      digest.update(tls.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      PemKeyCertOptions keys = new PemKeyCertOptions();
      for (TlsConfig.KeyPair pair : tls.certificates()) {
        byte[] certificate = Files.readAllBytes(pair.certificate());
        byte[] key = Files.readAllBytes(pair.key());
        digest.update(certificate);
        digest.update(key);
        keys.addCertValue(Buffer.buffer(certificate));
        keys.addKeyValue(Buffer.buffer(key));
      }
      byte[] ca = tls.clientCa().isPresent() ? Files.readAllBytes(tls.clientCa().get()) : null;
      if (ca != null) {
        digest.update(ca);
      }
      String fingerprint = java.util.HexFormat.of().formatHex(digest.digest());
      if (fingerprint.equals(unchangedFingerprint)) {
        return null;
      }
      check(keys, tls);
      ServerSSLOptions options = new ServerSSLOptions()
        .setKeyCertOptions(keys)
        .setSni(tls.certificates().size() > 1)
        .setUseAlpn(true)
        .setEnabledSecureTransportProtocols(PROTOCOLS)
        .setSslHandshakeTimeout(handshakeTimeoutMillis)
        .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        .setClientAuth(switch (tls.clientCertificates()) {
          case OFF -> ClientAuth.NONE;
          case OPTIONAL -> ClientAuth.REQUEST;
          case REQUIRED -> ClientAuth.REQUIRED;
        });
      CIPHERS.forEach(options::addEnabledCipherSuite);
      if (ca != null) {
        options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca)));
        options.getTrustOptions().getTrustManagerFactory(vertx);  // parses: a broken bundle is refused here
      }
      return new Loaded(options, fingerprint);
    }, false);
  }

  /** Every key parses and signs what its certificate's public key verifies: a key of another pair is refused. */
  private void check(PemKeyCertOptions keys, TlsConfig tls) throws Exception {
    List<String> problems = new ArrayList<>();
    X509KeyManager manager = (X509KeyManager) keys.getKeyManagerFactory(vertx).getKeyManagers()[0];
    for (String alias : aliases(manager)) {
      PrivateKey key = manager.getPrivateKey(alias);
      X509Certificate[] chain = manager.getCertificateChain(alias);
      if (key == null || chain == null || chain.length == 0 || !matches(key, chain[0])) {
        problems.add("the key of " + alias + " is not the key of its certificate");
      }
      chain[0].checkValidity();
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems) + " (" + tls.certificates() + ")");
    }
  }

  private static List<String> aliases(X509KeyManager manager) {
    List<String> out = new ArrayList<>();
    for (String type : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
      String[] found = manager.getServerAliases(type, null);
      if (found != null) {
        out.addAll(List.of(found));
      }
    }
    return out;
  }

  private static boolean matches(PrivateKey key, X509Certificate certificate) throws Exception {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    byte[] probe = "deletion-gateway key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(probe);
    return verifier.verify(signature);
  }
}
