/**
 * `sitechat doctor`: checks that answers stream through the proxies and CDNs in front of a server.
 * Public: `runDoctor`, `formatReport`, `doctorProbe` (the server side) and their types. The rest is internal.
 */
export { type Finding, type FindingLevel, type StreamingVerdict, headerFindings, probeVerdict } from './diagnose.js';
export { formatReport } from './format-report.js';
export { type ArrivedEvent, type MeasuredStream, measureStream } from './measure.js';
export { DOCTOR_HEADER, doctorProbe, type DoctorProbeOptions, type ProbeEventData } from './probe.js';
export { chatUrlOf, type DoctorOptions, type DoctorReport, parseServerTiming, runDoctor, type StreamReport } from './run-doctor.js';
