package cn.foshan.redline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Foshan's industrial land: clusters, red line, reserve land, village parks, parcels and maps. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RedlineApplication {

  /** The service; {@code user …}: the accounts from the command line (./redline user). */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("user")) {
      cn.foshan.redline.security.AccountsCommand.main(
          java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    SpringApplication.run(RedlineApplication.class, args);
  }
}
