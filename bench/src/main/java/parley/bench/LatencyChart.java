package parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws end-to-end latency against message rate, Parley beside the direct path, as a PNG (XChart). */
final class LatencyChart {
  private LatencyChart() {}

  static Path write(List<StepResult> steps, Path dir) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(520)
        .title("End-to-end latency, sender to receiver (loopback, one node)")
        .xAxisTitle("messages per second").yAxisTitle("latency (ms)").build();
    chart.getStyler().setYAxisLogarithmic(true);
    for (String path : List.of("Parley", "direct")) {
      List<StepResult> mine = steps.stream().filter(s -> s.path().equals(path) && s.received() > 0).toList();
      if (mine.isEmpty()) {
        continue;
      }
      double[] rates = mine.stream().mapToDouble(StepResult::rate).toArray();
      chart.addSeries(path + " median", rates, mine.stream().mapToDouble(StepResult::median).toArray())
          .setMarker(SeriesMarkers.CIRCLE);
      chart.addSeries(path + " p99", rates, mine.stream().mapToDouble(StepResult::p99).toArray())
          .setMarker(SeriesMarkers.SQUARE);
    }
    Files.createDirectories(dir);
    Path file = dir.resolve("suite-latency.png");
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
