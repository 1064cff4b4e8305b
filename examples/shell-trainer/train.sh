#!/bin/sh
# A toy trainer in POSIX sh and awk: gradient descent on f(x) = c/2 * x^2 from x = 1, ten steps an epoch, one JSON
# report per epoch on stdout. It shows the protocol needs no library: the rate is in $SWEEP_LEARNING_RATE (or
# {learningRate} on the command line), and any line such as {"epoch": 1, "trainLoss": 0.5} is a report.
# Steps shrink x by |1 - rate * c| each: below 2/c the loss falls, above it the run diverges.
epochs=${1:-10}
curvature=${TOY_CURVATURE:-4}
exec awk -v rate="$SWEEP_LEARNING_RATE" -v epochs="$epochs" -v c="$curvature" 'BEGIN {
    x = 1
    for (epoch = 1; epoch <= epochs; epoch++) {
        sum = 0
        for (step = 0; step < 10; step++) {
            sum += 0.5 * c * x * x
            x -= rate * c * x
        }
        validation = 0.5 * c * (x - 0.05) * (x - 0.05) + 0.001
        printf "{\"epoch\": %d, \"trainLoss\": %.6g, \"validationLoss\": %.6g}\n", epoch, sum / 10, validation
        fflush()
    }
}'
