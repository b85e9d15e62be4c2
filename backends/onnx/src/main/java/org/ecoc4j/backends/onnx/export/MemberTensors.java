package org.ecoc4j.backends.onnx.export;

/**
 * One ensemble member's decision on a batch, as tensors of the exported graph: what a decoder's
 * per-member rule computes.
 *
 * @param posterior float [B, N]: the member's posterior, all zero where it rejects
 * @param label int64 [B, 1]: the decided class (meaningless where rejected)
 * @param accepted bool [B, 1]: whether the member accepts the sample
 * @param confidence float [B, 1]: the member's confidence, also for rejections
 */
record MemberTensors(String posterior, String label, String accepted, String confidence) {}
