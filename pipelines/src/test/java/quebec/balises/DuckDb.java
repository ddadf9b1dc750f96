package quebec.balises;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what the pipeline wrote with an independent reader: DuckDB, through its JDBC driver. */
public final class DuckDb {
  private DuckDb() {}

  public static List<Map<String, Object>> query(String sql) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData meta = rows.getMetaData();
      List<Map<String, Object>> result = new ArrayList<>();
      while (rows.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rows.getObject(i));
        }
        result.add(row);
      }
      return result;
    } catch (SQLException e) {
      throw new AssertionError("DuckDB query failed: " + sql, e);
    }
  }

  public static long count(String sql) {
    return ((Number) query(sql).get(0).values().iterator().next()).longValue();
  }

  /**
   * A {@code read_parquet} over every part file of a dataset folder, partitioned or not, with its
   * partition columns ({@code trajectory=…/indicator_id=…}) read from the paths.
   */
  public static String parquet(java.nio.file.Path folder) {
    return "read_parquet('" + folder.toAbsolutePath() + "/**/*.parquet', hive_partitioning = true)";
  }
}
