// The Route 53 page: hosted zones and the selected zone's records (values or alias targets).
// Runs on the browser's main thread.
import { child, childText, items, route53 } from './api.js';
import { el, link, table } from './dom.js';

function recordValues(record) {
  const alias = child(record, 'AliasTarget');
  if (alias) return `alias ${childText(alias, 'DNSName')}`;
  return items(record, 'ResourceRecords').map(r => childText(r, 'Value')).join(', ');
}

/** The page; selected is the id of the zone whose records to show, if any. */
export async function route53Page(context, [selected]) {
  const zones = items(await route53('/hostedzone'), 'HostedZones');
  const list = el('section', {}, el('h1', {}, 'Route 53 hosted zones'),
    table(['Name', 'Id', 'Type', 'Records'], zones, z => {
      const id = childText(z, 'Id').replace('/hostedzone/', '');
      return [el('td', {}, link(childText(z, 'Name'), 'route53', id)), el('td', { class: 'mono' }, id),
        el('td', {}, childText(child(z, 'Config'), 'PrivateZone') === 'true' ? 'private' : 'public'),
        el('td', {}, childText(z, 'ResourceRecordSetCount'))];
    }, 'No hosted zones yet.'));
  const zone = zones.find(z => childText(z, 'Id').replace('/hostedzone/', '') === selected);
  if (!zone) return [list];
  const records = items(await route53(`/hostedzone/${encodeURIComponent(selected)}/rrset`), 'ResourceRecordSets');
  return [list, el('section', { id: 'records' }, el('h2', {}, `Records of ${childText(zone, 'Name')}`),
    table(['Name', 'Type', 'TTL', 'Value'], records, r => [el('td', { class: 'mono' }, childText(r, 'Name')),
      el('td', {}, childText(r, 'Type')), el('td', {}, childText(r, 'TTL')),
      el('td', { class: 'mono' }, recordValues(r))]))];
}
