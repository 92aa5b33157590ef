namespace Aims.Core.ThirdParties;

public enum ThirdPartyRelationship
{
    Supplier,
    Customer,
}
