namespace Contrevue.Features.Events;

/// <summary>Told of a saved change of an event (its participants' notices): added to the same unit of work, saved by the caller.</summary>
public interface IEventChangeObserver
{
    Task ChangedAsync(Event changed, bool cancelled, CancellationToken cancellationToken);
}
