package ch.iiz.placement;

import ch.iiz.localstack.RealInfrastructureResource;
import ch.iiz.service.testing.ServiceFoundationTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = RealInfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "placement_service"))
class PlacementServiceFoundationTest extends ServiceFoundationTest {

    @Override
    protected String databaseName() {
        return "placement_service";
    }
}
