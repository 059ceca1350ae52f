package cn.foshan.redline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that drives a real browser: one headless Chromium for the class ({@link Browser}),
 * put into the class's {@code static ChromeDriver} field before its {@code @BeforeAll} methods run
 * and quit after its {@code @AfterAll} methods. After each test the browser's console must hold no
 * Content-Security-Policy violation, unless the class checks that itself where it chooses.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(BrowserExtension.class)
public @interface WithBrowser {

  /** Whether each test ends with no CSP violation in the console (false: the class checks). */
  boolean cspAfterEach() default true;
}
