package parley.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Single figures of Parley beside the direct path (one small bar chart each, XChart), laid out two
 * per row in one PNG: the figures have different units, so they cannot share an axis.
 */
final class ComparisonChart {
  /** One figure: what it is, its unit, and the two values. */
  record Figure(String title, String unit, double parley, double direct) {}

  private static final int WIDTH = 450;
  private static final int HEIGHT = 300;

  private ComparisonChart() {}

  static Path write(List<Figure> figures, Path file) throws IOException {
    int columns = 2;
    int rows = (figures.size() + columns - 1) / columns;
    BufferedImage sheet = new BufferedImage(WIDTH * columns, HEIGHT * rows, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(f.title())
          .yAxisTitle(f.unit()).build();
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setLabelsVisible(true);
      chart.getStyler().setDecimalPattern("#,##0.#");
      chart.addSeries(f.title(), List.of("Parley", "direct"), List.of(finite(f.parley()), finite(f.direct())));
      g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % columns) * WIDTH, (i / columns) * HEIGHT, null);
    }
    g.dispose();
    Files.createDirectories(file.getParent());
    ImageIO.write(sheet, "png", file.toFile());
    return file;
  }

  /** A run that measured nothing (NaN) is drawn as zero rather than failing the chart. */
  private static double finite(double value) {
    return Double.isFinite(value) ? value : 0;
  }
}
