package parley.web.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_31_1.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scraper of one Parley process's management port, as Prometheus is: {@code /metrics} in the
 * protobuf exposition (parsed with the Prometheus client's generated classes) or as text, and the
 * health endpoints.
 */
public final class ManagementPort {
  private static final String PROTOBUF_ACCEPT =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  public ManagementPort(int port) {
    this.port = port;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
  }

  /** One scrape, as metric families by name. */
  public Scrape scrape() throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.send(request("/metrics").header("Accept", PROTOBUF_ACCEPT).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    Map<String, Metrics.MetricFamily> families = new LinkedHashMap<>();
    try (InputStream in = response.body()) {
      Metrics.MetricFamily family;
      while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
        families.put(family.getName(), family);
      }
    }
    return new Scrape(families);
  }

  /** The metrics of one scrape. */
  public record Scrape(Map<String, Metrics.MetricFamily> families) {
    /**
     * The sum of the samples of {@code name} whose labels include {@code labels} (name, value, …);
     * 0 when there are none.
     */
    public double value(String name, String... labels) {
      Metrics.MetricFamily family = families.get(name);
      if (family == null) {
        return 0;
      }
      double sum = 0;
      for (Metrics.Metric metric : family.getMetricList()) {
        if (matches(metric, labels)) {
          sum += metric.hasCounter() ? metric.getCounter().getValue()
              : metric.hasGauge() ? metric.getGauge().getValue() : metric.getUntyped().getValue();
        }
      }
      return sum;
    }

    private static boolean matches(Metrics.Metric metric, String... labels) {
      for (int i = 0; i + 1 < labels.length; i += 2) {
        String name = labels[i];
        String value = labels[i + 1];
        if (metric.getLabelList().stream().noneMatch(l -> l.getName().equals(name) && l.getValue().equals(value))) {
          return false;
        }
      }
      return true;
    }

    public boolean has(String name) {
      return families.containsKey(name);
    }
  }
}
