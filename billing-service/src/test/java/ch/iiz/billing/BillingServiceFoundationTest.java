package ch.iiz.billing;

import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.service.testing.ServiceFoundationTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "billing_service"))
class BillingServiceFoundationTest extends ServiceFoundationTest {

    @Override
    protected String databaseName() {
        return "billing_service";
    }
}
