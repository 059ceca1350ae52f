package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The browser tests' set-up, in one place ({@link WithBrowser}): starts one Chromium per test class
 * and injects it into the class's static {@code ChromeDriver} field, checks the console for CSP
 * violations after each test, and quits the browser after the class.
 */
public final class BrowserExtension
    implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(BrowserExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    List<Field> fields = driverFields(context.getRequiredTestClass());
    if (fields.isEmpty()) {
      throw new IllegalStateException(
          context.getRequiredTestClass().getName()
              + " is @WithBrowser but declares no static ChromeDriver field to receive the browser");
    }
    ChromeDriver browser = Browser.start();
    context.getStore(NAMESPACE).put(ChromeDriver.class, browser);
    for (Field field : fields) {
      field.setAccessible(true);
      field.set(null, browser);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    boolean check =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithBrowser.class)
            .map(WithBrowser::cspAfterEach)
            .orElse(true);
    ChromeDriver browser = browser(context);
    if (check && browser != null) {
      assertThat(Browser.cspViolations(browser)).as("CSP violations in the console").isEmpty();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    ChromeDriver browser =
        context.getStore(NAMESPACE).remove(ChromeDriver.class, ChromeDriver.class);
    if (browser != null) {
      browser.quit();
    }
    for (Field field : driverFields(context.getRequiredTestClass())) {
      field.setAccessible(true);
      field.set(null, null);
    }
  }

  private static ChromeDriver browser(ExtensionContext context) {
    // the class's store: a test's context looks up its parents' stores
    return context.getStore(NAMESPACE).get(ChromeDriver.class, ChromeDriver.class);
  }

  private static List<Field> driverFields(Class<?> testClass) {
    return ReflectionSupport.findFields(
        testClass,
        f -> Modifier.isStatic(f.getModifiers()) && f.getType() == ChromeDriver.class,
        HierarchyTraversalMode.TOP_DOWN);
  }
}
