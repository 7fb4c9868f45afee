"""jixiao (绩效): performance targets of project spending — declare, review, publish, monitor, evaluate."""
