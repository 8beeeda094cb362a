package org.tlnlp.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * A DJL block whose parameters all have shapes fixed by its configuration, so it is initialised without
 * inferring shapes from an input. The course's models are built from such blocks: their parameters train
 * with DJL's optimisers and gradient collectors, on every engine and device.
 */
public abstract class FixedBlock extends AbstractBlock {

    /** Adds a parameter of the given shape and initial values. */
    protected Parameter parameter(String name, Parameter.Type type, Initializer init, long... shape) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(shape))
                .optInitializer(init).build());
    }

    /** Initialises every parameter of this block and its children (shapes are known already). */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : children.values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    /** Not used by the course (shapes are fixed); blocks return their input shapes. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
