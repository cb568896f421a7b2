// check.mjs parses BPMN files with bpmn-moddle, the model bpmn.io and
// Camunda Modeler load diagrams with, and prints one JSON object per file:
//
//   {"file": ..., "warnings": [...], "counts": {...}, "missingDI": [...]}
//
// bpmn-moddle only warns on unknown elements and attributes, dangling
// references and duplicate IDs; the Go test treats every warning as an error.
// counts: participants, processes, lanes (all, nested too), flowNodes,
// sequenceFlows, flowElements (flow nodes + sequence flows), shapes, edges,
// edgeLabels, waypoints. missingDI lists the participants, lanes, flow nodes
// and sequence flows that have no BPMNShape/BPMNEdge.
//
// Usage: node check.mjs [--resave] file.bpmn...
// One JSON line per file, in order, each with "file". With --resave it also
// writes each diagram back out with toXML to file + ".saved", as bpmn.io does
// when it saves, so the caller can read that back. The exit status is 1 when
// a file cannot be loaded at all.
import { readFile, writeFile } from 'node:fs/promises';
import { BpmnModdle } from 'bpmn-moddle';

let args = process.argv.slice(2);
const resave = args[0] === '--resave';
if (resave) args = args.slice(1);
if (args.length === 0) {
  console.error('usage: node check.mjs [--resave] file.bpmn...');
  process.exit(2);
}

const moddle = new BpmnModdle();
let status = 0;
for (const file of args) {
  const out = await check(file);
  if (out.error) status = 1;
  console.log(JSON.stringify(out));
}
process.exit(status);

async function check(file) {
  const xml = await readFile(file, 'utf8');
  let result;
  try {
    result = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    return { file, error: String((err && err.message) || err), warnings: (err.warnings || []).map(w => w.message) };
  }
  const { rootElement: defs, warnings } = result;

  const counts = {
    participants: 0, processes: 0, lanes: 0, flowNodes: 0, sequenceFlows: 0, flowElements: 0,
    shapes: 0, edges: 0, edgeLabels: 0, waypoints: 0,
  };
  const needDI = [];

  const countLanes = (laneSets) => {
    for (const ls of laneSets || []) {
      for (const lane of ls.lanes || []) {
        counts.lanes++;
        needDI.push(lane);
        if (lane.childLaneSet) countLanes([lane.childLaneSet]);
      }
    }
  };

  for (const el of defs.rootElements || []) {
    if (el.$instanceOf('bpmn:Collaboration')) {
      for (const p of el.participants || []) {
        counts.participants++;
        needDI.push(p);
      }
    }
    if (el.$instanceOf('bpmn:Process')) {
      counts.processes++;
      countLanes(el.laneSets);
      for (const fe of el.flowElements || []) {
        counts.flowElements++;
        if (fe.$instanceOf('bpmn:SequenceFlow')) counts.sequenceFlows++;
        else if (fe.$instanceOf('bpmn:FlowNode')) counts.flowNodes++;
        needDI.push(fe);
      }
    }
  }

  const drawn = new Set();
  for (const d of defs.diagrams || []) {
    for (const de of (d.plane && d.plane.planeElement) || []) {
      if (de.$instanceOf('bpmndi:BPMNShape')) {
        counts.shapes++;
      } else if (de.$instanceOf('bpmndi:BPMNEdge')) {
        counts.edges++;
        counts.waypoints += (de.waypoint || []).length;
        if ((de.waypoint || []).length < 2) warnings.push({ message: `edge ${de.id} has fewer than 2 waypoints` });
        if (de.label) counts.edgeLabels++;
      }
      if (de.bpmnElement) drawn.add(de.bpmnElement);
    }
  }
  const missingDI = needDI.filter(e => !drawn.has(e)).map(e => e.id);

  if (resave) {
    const { xml: saved } = await moddle.toXML(defs, { format: true });
    await writeFile(file + '.saved', saved);
  }
  return { file, warnings: warnings.map(w => w.message), counts, missingDI };
}
