import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { ApiError, type ComposeProject } from '../../src-shared/api';
import { suggestFreePort } from '../stack';

export interface PortMove {
  service: string;
  containerPort: number;
  protocol: string;
  hostIp: string;
  from: number;
  to: number;
}

/**
 * Free host ports for a clone: each published port of the services that will run moves to the
 * nearest port above it that can be bound now and that neither the original stack (running or not:
 * its ports stay its own) nor another moved port uses.
 */
export async function planPortMoves(
  model: ComposeProject,
  services: string[],
  reserved: Set<number>,
): Promise<PortMove[]> {
  const taken = new Set(reserved);
  const moves: PortMove[] = [];
  for (const service of services) {
    for (const p of model.services[service]?.ports ?? []) {
      if (!p.hostPort) continue;
      if (p.hostPortEnd)
        throw new ApiError(
          'INVALID_INPUT',
          `${service}: the port range ${p.hostPort}-${p.hostPortEnd} cannot be moved for a clone`,
          'Give the service single ports, or clone a snapshot of a stack without ranges.',
        );
      const to = await suggestFreePort(p.hostPort, p.hostIp, taken);
      if (!to) throw new ApiError('CONFLICT', `${service}: no free port within 200 above ${p.hostPort} for the clone`);
      taken.add(to);
      moves.push({
        service,
        containerPort: p.containerPort,
        protocol: p.protocol,
        hostIp: p.hostIp,
        from: p.hostPort,
        to,
      });
    }
  }
  return moves;
}

const SHORT = /^(?:(\[[^\]]+\]|[^:[\]]+):)?(\d+):(\d+)(?:\/(tcp|udp))?$/;

/**
 * Writes the moved ports into the clone's own copy of the templates, so it keeps them when it is
 * started again: short (`127.0.0.1:10000:5432`) and long (`published:`) entries whose values are
 * written out. Entries the move does not concern are left as they are.
 */
export function rewritePorts(files: string[], moves: PortMove[]): void {
  for (const file of files) {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    if (rewriteDocument(doc, moves)) writeFileSync(file, doc.toString());
  }
}

function rewriteDocument(doc: Document, moves: PortMove[]): boolean {
  const services = doc.get('services');
  if (!isMap(services)) return false;
  let changed = false;
  for (const pair of services.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const mine = moves.filter((m) => m.service === name);
    if (!mine.length || !isMap(pair.value)) continue;
    const ports = pair.value.get('ports');
    if (!isSeq(ports)) continue;
    ports.items.forEach((item, i) => {
      if (isScalar(item)) {
        const m = SHORT.exec(String(item.value));
        if (!m) return;
        const [, ip, host, container, proto = 'tcp'] = m;
        const move = mine.find(
          (x) => x.from === Number(host) && x.containerPort === Number(container) && x.protocol === proto,
        );
        if (!move) return;
        const node = doc.createNode(
          `${ip ? `${ip}:` : ''}${move.to}:${container}${proto === 'tcp' ? '' : `/${proto}`}`,
        );
        // Quoted as it was: unquoted, `8080:80` is a base-60 number to YAML 1.1 readers.
        node.type = item.type === 'PLAIN' || !item.type ? 'QUOTE_DOUBLE' : item.type;
        ports.items[i] = node;
        changed = true;
      } else if (isMap(item)) {
        const published = Number(item.get('published'));
        const target = Number(item.get('target'));
        const proto = String(item.get('protocol') ?? 'tcp');
        const move = mine.find((x) => x.from === published && x.containerPort === target && x.protocol === proto);
        if (!move) return;
        item.set('published', typeof item.get('published') === 'number' ? move.to : String(move.to));
        changed = true;
      }
    });
  }
  return changed;
}

/** Checks that the reloaded model publishes the moved ports, naming any the templates kept. */
export function checkMoves(model: ComposeProject, moves: PortMove[]): void {
  const missed = moves.filter(
    (m) =>
      !model.services[m.service]?.ports.some(
        (p) => p.hostPort === m.to && p.containerPort === m.containerPort && p.protocol === m.protocol,
      ),
  );
  if (missed.length)
    throw new ApiError(
      'INVALID_INPUT',
      `The clone's templates could not be given other ports for ${missed.map((m) => `${m.service} ${m.from}`).join(', ')} (the port is written with a variable or in an override)`,
      'Write those ports as literal values in the templates, then clone again.',
    );
}
