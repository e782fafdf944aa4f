using MyElectricalData.Data.Accounts;
using MyElectricalData.Data.Database;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Errors;
using MyElectricalData.Enedis.Metering;

namespace MyElectricalData.Api.Features.Consent;

/// <summary>What the consent callback learns about the meters it has just created, from Enedis.</summary>
public sealed partial class NewMeterDescriptions(GatewayDbContext db, IEnedisCustomers customers, IEnedisMetering metering, TimeProvider time,
    ILogger<NewMeterDescriptions> logger)
{
    /// <summary>
    /// Best effort, bounded: the contract (power, off-peak hours) and whether each new meter produces. A failure
    /// here never fails the consent; the user can fetch the contract later.
    /// </summary>
    public async Task DescribeAsync(IReadOnlyList<Pdl> created, CancellationToken cancellationToken)
    {
        if (created.Count == 0)
        {
            return;
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(10));
        var today = EnedisCalendar.Today(time);
        foreach (var pdl in created)
        {
            try
            {
                var facts = await customers.GetContractFactsAsync(pdl.UsagePointId, budget.Token);
                pdl.SubscribedPower = Pdls.FetchContract.ParsePower(facts.SubscribedPower);
                pdl.OffpeakHours = Pdls.FetchContract.ParseOffpeakHours(facts.OffpeakHours);
                pdl.ActivationDate = facts.LastActivationDate;
                await metering.GetAsync(MeteringKind.DailyProduction, pdl.UsagePointId, new DateRange(today.AddDays(-2), today), budget.Token);
                pdl.HasProduction = true;
            }
            catch (EnedisException e) when (e.Kind == EnedisErrorKind.WrongMeterKind)
            {
                pdl.HasProduction = false;
            }
            catch (Exception e) when (e is EnedisException or OperationCanceledException)
            {
                LogDescribeFailed(logger, e.Message);
            }
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not describe a new PDL after consent (contract/production): {Reason}")]
    private static partial void LogDescribeFailed(ILogger logger, string reason);
}
