package watchgraph.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;

/**
 * SPARQL texts on Apache Jena, to set beside oxigraph's figures for the same texts.
 *
 * <pre>
 * load DIR FILE.nt                 N-Triples into a new TDB2 database (the parallel loader)
 * ask DIR ROUNDS TEXT.rq...        each text on the TDB2 database: a warm-up, then ROUNDS runs
 * ask-memory FILE.nt ROUNDS TEXT.rq...   the same on Jena's in-memory dataset
 * </pre>
 *
 * A run is one query in a read transaction with its whole answer written as TSV to memory;
 * each text prints its rows, every run and the p50 of the runs after the warm-up.
 */
public final class JenaTexts {
  private JenaTexts() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("load")) {
      load(args[1], args[2]);
    } else if (args.length >= 4 && (args[0].equals("ask") || args[0].equals("ask-memory"))) {
      Dataset dataset;
      if (args[0].equals("ask")) {
        dataset = TDB2Factory.connectDataset(args[1]);
      } else {
        dataset = DatasetFactory.createTxnMem();
        long start = System.nanoTime();
        Txn.executeWrite(dataset, () -> RDFDataMgr.read(dataset, args[1]));
        System.out.printf("in-memory load: %.1f s%n", seconds(start));
      }
      int rounds = Integer.parseInt(args[2]);
      for (int i = 3; i < args.length; i++) {
        ask(dataset, Path.of(args[i]), rounds);
      }
    } else {
      System.err.println("usage: load DIR FILE.nt | ask DIR ROUNDS TEXT.rq... | ask-memory FILE.nt ROUNDS TEXT.rq...");
      System.exit(2);
    }
  }

  private static void load(String dir, String file) {
    Dataset dataset = TDB2Factory.connectDataset(dir);
    long start = System.nanoTime();
    DataLoader loader = LoaderFactory.parallelLoader(dataset.asDatasetGraph(), (format, values) -> { });
    loader.startBulk();
    loader.load(file);
    loader.finishBulk();
    System.out.printf("TDB2 load: %.1f s%n", seconds(start));
  }

  private static void ask(Dataset dataset, Path file, int rounds) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<Double> runs = new ArrayList<>();
    long rows = 0;
    for (int r = 0; r <= rounds; r++) {
      long start = System.nanoTime();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Txn.executeRead(dataset, () -> {
        try (QueryExecution execution = QueryExecutionFactory.create(text, dataset)) {
          ResultSetFormatter.outputAsTSV(out, execution.execSelect());
        }
      });
      runs.add(seconds(start) * 1000);
      rows = out.toString(StandardCharsets.UTF_8).lines().count() - 1;
    }
    List<Double> timed = new ArrayList<>(runs.subList(1, runs.size()));
    Collections.sort(timed);
    StringBuilder each = new StringBuilder();
    for (double ms : runs) {
      each.append(each.length() == 0 ? "" : ", ").append(String.format("%,.0f", ms));
    }
    System.out.printf("%s: %,d rows; runs %s ms (the first a warm-up); p50 %,.0f ms%n",
        file.getFileName(), rows, each, timed.get(timed.size() / 2));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
